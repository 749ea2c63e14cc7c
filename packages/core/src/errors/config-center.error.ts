/**
 * Base class of every error the library throws or reports on `errors$`.
 * Messages name the source, the path and the constraint, never a config value.
 */
export class ConfigCenterError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
