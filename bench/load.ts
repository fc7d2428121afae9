import autocannon from 'autocannon';

/** One load-generator run against one route. */
export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  /** Seconds. */
  duration: number;
  /** Requests per second over all connections; unlimited when absent. */
  overallRate?: number;
  /** Status every response must have; anything else counts as an error of the run. */
  expectStatus: number;
  /** A fresh body for each request (register needs a new username each time). */
  nextBody?: () => string;
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  requests: number;
  /** Responses with another status than expected, plus socket errors and timeouts. */
  unexpected: number;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  let unexpected = 0;
  let finish!: (result: autocannon.Result) => void;
  let fail!: (error: Error) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => ((finish = resolve), (fail = reject)));
  const instance = autocannon(
    {
      url: spec.url,
      method: spec.method ?? 'GET',
      headers: spec.headers,
      body: spec.body,
      connections: spec.connections,
      duration: spec.duration,
      overallRate: spec.overallRate,
      timeout: 10,
      ...(spec.nextBody
        ? { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, body: spec.nextBody!() }) }] }
        : {}),
    },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  instance.on('response', (_client: unknown, statusCode: number) => {
    if (statusCode !== spec.expectStatus) unexpected++;
  });
  const result = await done;
  return {
    requestsPerSecond: result.requests.total / spec.duration,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    requests: result.requests.total,
    unexpected: unexpected + result.errors + result.timeouts,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Spread of the runs: (max - min) / median, as a fraction. */
export function spread(values: number[]): number {
  const m = median(values);
  return m === 0 ? 0 : (Math.max(...values) - Math.min(...values)) / m;
}
