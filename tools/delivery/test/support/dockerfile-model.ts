/** A Dockerfile as instructions (continuation lines joined, comments dropped), grouped into build stages. */
export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

export function parseDockerfile(source: string): { globalArgs: Record<string, string>; stages: Stage[] } {
  const instructions = source
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.replace(/--platform=\S+\s+/, '').split(/\s+/);
      stages.push({ from: image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0 && instruction.keyword === 'ARG') {
      const [name, value = ''] = instruction.args.split('=');
      globalArgs[name] = value;
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** `${NAME}` and `$NAME` replaced by the ARG defaults. */
export function expandArgs(text: string, args: Record<string, string>): string {
  return text.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => args[name] ?? whole);
}

/** LABEL key="value" pairs of a stage. */
export function labelsOf(stage: Stage): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const { args } of stage.instructions.filter((instruction) => instruction.keyword === 'LABEL')) {
    for (const match of args.matchAll(/([\w.-]+)=("(?:[^"\\]|\\.)*"|\S+)/g)) {
      labels[match[1]] = match[2].replace(/^"|"$/g, '');
    }
  }
  return labels;
}
