import { HttpException, Injectable, NotFoundException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FEATURE_FLAG_METADATA, type FeatureFlagMetadata } from './feature-flags.module-definition';
import { FeatureFlags } from './feature-flags.service';

/**
 * Lets a request through when every `@FeatureFlag` of its handler and controller is on, read from
 * the config being served on each request; otherwise answers with the flag's status — by default
 * 404, the same response as a route that does not exist. Subclass it to change what "on" means
 * (`isEnabled`, say per tenant) or what "off" answers (`whenDisabled`).
 */
@Injectable()
export class FeatureFlagGuard implements CanActivate {
  /** By controller, then handler: an inherited handler can serve controllers with different flags. */
  private readonly flagsByRoute = new WeakMap<object, WeakMap<object, readonly FeatureFlagMetadata[]>>();

  constructor(
    protected readonly flags: FeatureFlags,
    protected readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    for (const flag of this.flagsOf(context)) {
      if (!this.isEnabled(flag, context)) this.whenDisabled(flag, context);
    }
    return true;
  }

  /** The flags a request needs: those of the controller, then those of the handler. */
  protected flagsOf(context: ExecutionContext): readonly FeatureFlagMetadata[] {
    const [controller, handler] = [context.getClass(), context.getHandler()];
    let byHandler = this.flagsByRoute.get(controller);
    if (!byHandler) this.flagsByRoute.set(controller, (byHandler = new WeakMap()));
    let flags = byHandler.get(handler);
    if (!flags) {
      const lists = this.reflector.getAll<(FeatureFlagMetadata[] | undefined)[]>(FEATURE_FLAG_METADATA, [controller, handler]);
      flags = lists.flatMap((list) => list ?? []);
      byHandler.set(handler, flags);
    }
    return flags;
  }

  /** Whether `flag` is on for this request. */
  protected isEnabled(flag: FeatureFlagMetadata, _context: ExecutionContext): boolean {
    return this.flags.isEnabled(flag.flag, flag.fallback);
  }

  /** Ends a request whose flag is off: throws the flag's status. */
  protected whenDisabled(flag: FeatureFlagMetadata, context: ExecutionContext): never {
    const status = flag.status ?? this.flags.options.disabledStatus ?? 404;
    if (status === 404 && context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<{ method?: string; url?: string }>();
      throw new NotFoundException(`Cannot ${request.method} ${request.url}`);
    }
    throw new HttpException({ statusCode: status, message: `Feature '${flag.flag}' is off` }, status);
  }
}
