import { DefaultLogger, Runtime, type LogLevel, type LogMetadata, type Logger } from '@temporalio/worker';

/**
 * SDK messages that are expected in this design: the inference worker polls no workflow tasks on
 * purpose, which the SDK reports as a warning at every start.
 */
const EXPECTED_MESSAGES = [/^No workflows registered, not polling for workflow tasks/];

/** The SDK's default logger (stderr) minus the expected messages. */
class ExpectedNoiseFilter implements Logger {
  constructor(private readonly inner: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (!EXPECTED_MESSAGES.some((pattern) => pattern.test(message))) {
      this.inner.log(level, message, meta);
    }
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/**
 * Installs the Temporal worker runtime for this CLI process, once, before any worker or native
 * connection exists: SDK logs at `level` (quiet under a progress bar) without expected noise, and no
 * signal handlers of its own, because the commands handle Ctrl+C themselves (detach, graceful shutdown).
 */
export function installWorkerRuntime(level: LogLevel): void {
  if (Runtime._instance === undefined) {
    Runtime.install({ logger: new ExpectedNoiseFilter(new DefaultLogger(level)), shutdownSignals: [] });
  }
}
