import { cpuMeter } from './cpu-time';
import { load, type Load, type LoadBodies } from './http-load';
import { startDesignFloor } from './stack';

/** The design floor under one load, as the service was loaded. */
export interface FloorLoad {
  load: Load;
  /** The rate its worker was let finish photos at: the service's under the same load. */
  rate: number;
  /** CPU used during the load by process, ms: gateway, worker, redis, load generator. */
  cpuMs: Record<string, number>;
  /** All of it per answered photo: what the design itself spends on each besides the model's work. */
  cpuMsPerImage: number;
}

/**
 * Loads the design floor (`design-floor.ts`) with `connections` clients sending new photos, as the
 * service was loaded, its worker finishing photos at the service's rate in place of the model: HTTP,
 * Redis and the queue then work as often a second as they did for the service, with as many
 * requests waiting, and their CPU per photo compares with its. Nothing runs a model meanwhile, so
 * the floor's processes have the cores to themselves: its CPU is what the design costs at least.
 */
export async function loadDesignFloor(
  redis: { url: string; pid: number },
  connections: number,
  serviceThroughput: number,
  seconds: number,
  bodies: LoadBodies,
): Promise<FloorLoad> {
  const floor = await startDesignFloor(redis.url, serviceThroughput);
  try {
    // Its code compiled and its Redis connections busy, as the warmed-up service's were.
    await load(floor.url, connections, 10, bodies);
    const meter = cpuMeter({
      gateway: floor.gatewayPid,
      worker: floor.workerPid,
      redis: redis.pid,
      'load generator': process.pid,
    });
    const measured = await load(floor.url, connections, seconds, bodies);
    const cpuMs = meter();
    const all = Object.values(cpuMs).reduce((sum, ms) => sum + ms, 0);
    return {
      load: measured,
      rate: serviceThroughput,
      cpuMs,
      cpuMsPerImage: all / Math.max(1, measured.answered),
    };
  } finally {
    await floor.stop();
  }
}

/**
 * The largest share of the in-process limit any implementation of the design can reach on this
 * machine. Each photo costs at least the model's work as the limit measured it plus what the floor
 * spends on it, on the same cores; with every core busy (the service keeps them so under these
 * loads, where the limit may leave some idle) that allows `cores · 1000 / (limit + floor)` photos
 * a second.
 */
export function designCeiling(
  limit: { throughput: number; cpuMsPerImage: number },
  floorCpuMsPerImage: number,
  cores: number,
): number {
  return (cores * 1000) / (limit.cpuMsPerImage + floorCpuMsPerImage) / limit.throughput;
}
