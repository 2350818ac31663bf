import type { NextFunction, Request, Response } from 'express';

/** When the gateway began handling each request, for the stages of its `Server-Timing` header. */
const startedAt = new WeakMap<Request, number>();

/**
 * The first middleware of every request: notes when the gateway began handling it, so the first
 * stage of a `Server-Timing` header counts the middleware, guards and upload parsing before the
 * route's own code.
 */
export function noteRequestStart(request: Request, _response: Response, next: NextFunction): void {
  startedAt.set(request, performance.now());
  next();
}

interface Stage {
  name: string;
  ms: number;
  description: string;
}

/**
 * The stages of one request, for a `Server-Timing` header (W3C Server Timing): browsers show them
 * beside the request, and a client can see whether time went to the upload, the queue or the
 * model without the service's logs.
 */
export class StageClock {
  private readonly stages: Stage[] = [];
  private readonly started: number;
  private last: number;

  constructor(request: Request) {
    this.started = startedAt.get(request) ?? performance.now();
    this.last = this.started;
  }

  /** Ends a stage now: it lasted from the end of the previous one (or the request's start). */
  lap(name: string, description: string): void {
    const now = performance.now();
    this.stages.push({ name, ms: now - this.last, description });
    this.last = now;
  }

  /** A time measured elsewhere (by a worker), reported beside the stages it is part of. */
  add(name: string, ms: number, description: string): void {
    this.stages.push({ name, ms, description });
  }

  /** The header's value: every stage, then `total` from the request's start until now. */
  header(): string {
    const total = { name: 'total', ms: performance.now() - this.started, description: 'gateway' };
    return [...this.stages, total]
      .map(({ name, ms, description }) => `${name};dur=${ms.toFixed(1)};desc="${description}"`)
      .join(', ');
  }
}
