// A parse thread of createSbomParser: parses and validates SBOMs other than CycloneDX XML, whose
// reader (libxmljs2) must not be loaded here (see sbom-parser.ts).
import { serveTasks } from '../core/thread-pool.ts';
import { JSON_WARM_UP, parseSbomWith, type XmlReader } from './parsers/parse-sbom.ts';
import type { ParseAnswer, ParseTask } from './sbom-parser.ts';

class XmlOnMainThread extends Error {}

const onMainThread: XmlReader = () => Promise.reject(new XmlOnMainThread());

serveTasks<ParseTask, ParseAnswer>(async (task) => {
  if (task.kind === 'warm-up') {
    JSON_WARM_UP[task.step]?.();
    return { value: null };
  }
  try {
    const result = await parseSbomWith(onMainThread, task.bytes, task.options);
    return { value: task.keep || !result.ok ? result : { ok: true } };
  } catch (e) {
    if (e instanceof XmlOnMainThread) return { value: null };
    throw e;
  }
});
