/** One `## @param key description` comment of a values.yaml, with the `## @section` it sits under. */
export interface ValueParam {
  key: string;
  description: string;
  section: string;
  line: number;
}

const PARAM = /^\s*##\s*@param\s+(\S+)\s+(\S.*?)\s*$/;
const SECTION = /^\s*##\s*@section\s+(\S.*?)\s*$/;

/** Reads the bitnami-style parameter comments the README tables and schema descriptions come from. */
export function parseParams(valuesYaml: string): ValueParam[] {
  const params: ValueParam[] = [];
  let section = 'Parameters';
  valuesYaml.split('\n').forEach((text, index) => {
    const sectionMatch = SECTION.exec(text);
    if (sectionMatch) {
      section = sectionMatch[1];
      return;
    }
    const paramMatch = PARAM.exec(text);
    if (!paramMatch) return;
    const [, key, description] = paramMatch;
    if (params.some((param) => param.key === key)) {
      throw new Error(`line ${index + 1}: @param ${key} is documented twice`);
    }
    params.push({ key, description, section, line: index + 1 });
  });
  return params;
}
