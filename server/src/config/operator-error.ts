/**
 * A start-up failure the operator fixes (a taken port, a bad setting). The entry point prints its
 * message alone — one line that says what to change — instead of a stack trace, and exits non-zero.
 */
export class OperatorError extends Error {}

/** The error for a port another program already listens on, naming the variable that moves it. */
export function portInUse(variable: string, port: number, cause?: unknown): OperatorError {
  return new OperatorError(`Port ${port} (${variable}) is already in use by another program: stop that program or set ${variable} to a free port.`, { cause });
}

/** True for Node's "address already in use" error. */
export const isAddressInUse = (e: unknown) => (e as { code?: string } | null)?.code === 'EADDRINUSE';
