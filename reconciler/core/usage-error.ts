// A command-line argument that cannot work (unknown --stack, malformed --shard, bad --port):
// the CLI prints the message and exits 1 before any engine work.
export class UsageError extends Error {
  override readonly name: string = "UsageError";
}
