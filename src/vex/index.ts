export * from './vex-model.ts';
export { cycloneDxVex, CYCLONEDX_JUSTIFICATION } from './cyclonedx-vex.ts';
