import { schemaProblems } from './kube-schema';
import type { KubeObject } from './objects';
import { podSecurityProblems, probeProblems } from './pod-rules';
import { rolloutProblems, scalingProblems, selectorProblems } from './wiring-rules';

/** Every check of one rendered release: the API schemas, then the rules an operator would otherwise meet live. */
export function renderProblems(rendered: KubeObject[]): string[] {
  return [
    ...rendered.flatMap(schemaProblems),
    ...rendered.flatMap(podSecurityProblems),
    ...rendered.flatMap((object) => probeProblems(object, rendered)),
    ...selectorProblems(rendered),
    ...scalingProblems(rendered),
    ...rolloutProblems(rendered),
  ];
}

/** Running total of validated objects, printed by the test files so a run shows how much was checked. */
export const validated = { objects: 0 };
