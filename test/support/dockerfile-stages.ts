// A Dockerfile read with dockerfile-ast (the parser behind the Dockerfile language server),
// split into its build stages, with the defaults of the ARGs declared before the first FROM.
import { Copy, DockerfileParser, From, JSONInstruction, type Instruction } from "dockerfile-ast";

export interface DockerStage {
  /** The `AS` name, or null. */
  name: string | null;
  from: From;
  /** The stage's instructions after its FROM. */
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  globalArgs: Map<string, string | null>;
  stages: DockerStage[];
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(text);
  const globalArgs = new Map<string, string | null>();
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    if (property) globalArgs.set(property.getName(), property.getValue());
  }
  const stages: DockerStage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction instanceof From)
      stages.push({ name: instruction.getBuildStage(), from: instruction, instructions: [] });
    else stages.at(-1)?.instructions.push(instruction);
  }
  return { globalArgs, stages };
}

export function instructionsOf(stage: DockerStage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.getKeyword() === keyword);
}

/** The arguments of each instruction with this keyword, as written (continuations joined). */
export function argumentsOf(stage: DockerStage, keyword: string): string[] {
  return instructionsOf(stage, keyword).map((i) => i.getArgumentsContent() ?? "");
}

/** The exec form (`["node", "x"]`) of ENTRYPOINT, CMD or SHELL, or undefined for the shell form. */
export function execForm(instruction: Instruction | undefined): string[] | undefined {
  if (!(instruction instanceof JSONInstruction)) return undefined;
  const strings = instruction.getJSONStrings().map((s) => s.getJSONValue());
  return strings.length > 0 ? strings : undefined;
}

export interface CopyStep {
  /** The --from stage, or null for the build context. */
  from: string | null;
  sources: string[];
  dest: string;
}

export function copiesOf(stage: DockerStage): CopyStep[] {
  return instructionsOf(stage, "COPY").map((instruction) => {
    const values = instruction.getArguments().map((a) => a.getValue());
    const from = instruction instanceof Copy ? (instruction.getFromFlag()?.getValue() ?? null) : null;
    return { from, sources: values.slice(0, -1), dest: values.at(-1) ?? "" };
  });
}

/** `KEY=value` pairs of a stage's ENV instructions (later ones win). */
export function envOf(stage: DockerStage): Map<string, string> {
  const env = new Map<string, string>();
  for (const text of argumentsOf(stage, "ENV")) {
    for (const match of text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)) {
      const [, key, value] = match;
      if (key && value) env.set(key, value.replace(/^"|"$/g, ""));
    }
  }
  return env;
}
