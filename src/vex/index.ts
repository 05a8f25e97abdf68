export * from './vex-model.ts';
export { cycloneDxVex, CYCLONEDX_JUSTIFICATION } from './cyclonedx-vex.ts';
export { openVex, OPENVEX_CONTEXT } from './openvex.ts';
export { csafAdvisory, csafVex, trackingId, type AdvisoryInput, type Coordination, type CsafContext, type CsafEntry, type CsafPublisher } from './csaf.ts';
export { csafProblems, type CsafProblem } from './csaf-validate.ts';
