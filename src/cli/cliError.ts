/** An error the CLI reports as `{"error": …}` on stdout with exit code 2 (contract.md §2). */
export class CliError extends Error {
  constructor(
    message: string,
    public readonly field?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
