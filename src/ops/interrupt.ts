/**
 * Ctrl-C for long-running commands: the first SIGINT or SIGTERM aborts the returned signal (the
 * command winds down and releases what it holds); a second one exits at once.
 */
export interface Interrupt {
  signal: AbortSignal;
  /** Removes the handlers (call when the command is done). */
  dispose(): void;
}

export function onInterrupt(onSecond: () => void = () => process.exit(130)): Interrupt {
  const controller = new AbortController();
  const handler = (): void => {
    if (controller.signal.aborted) return onSecond();
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
