import { ensureTool } from './ensure-tool';
import { PINNED_TOOLS, type ToolName } from './tools';

/** `npm run tools [-- name...]`: builds the pinned tools (all by default) into `.tools/`. */
async function main(): Promise<void> {
  const requested = process.argv.slice(2) as ToolName[];
  const names = requested.length > 0 ? requested : (Object.keys(PINNED_TOOLS) as ToolName[]);
  for (const name of names) {
    if (!(name in PINNED_TOOLS))
      throw new Error(`unknown tool ${name}; known: ${Object.keys(PINNED_TOOLS).join(', ')}`);
    const path = await ensureTool(name, { log: (line) => console.log(line) });
    console.log(`${name} ${PINNED_TOOLS[name].version}: ${path}`);
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
