// A configuration that cannot be used: a permanent error, reported once with every problem,
// each naming the file, the key to fix and what it accepts.

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  /**
   * One line per problem, e.g. `reconciler.yaml: stacks[1].policy.mode: must be one of detect, heal (got "fix")`.
   * Never empty: a single-problem error carries its message.
   */
  readonly issues: string[];

  constructor(message: string, issues: string[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.issues = issues.length > 0 ? issues : [message];
  }

  /** One error listing every issue, one per line. */
  static fromIssues(issues: string[], options?: { cause?: unknown }): ConfigError {
    return new ConfigError(issues.join("\n"), issues, options);
  }
}
