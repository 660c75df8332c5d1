/** Wall time and memory of one phase: RSS sampled while it runs (resourceUsage's maxRSS only ever grows). */
export interface PhaseMeasure {
  ms: number;
  peakRssMb: number;
  startRssMb: number;
  endHeapMb: number;
  cpuUserMs: number;
  cpuSystemMs: number;
}

const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

export async function measurePhase<T>(
  work: () => Promise<T>,
  sampleMs = 10,
): Promise<{ value: T; measure: PhaseMeasure }> {
  const startRss = process.memoryUsage.rss();
  let peak = startRss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, sampleMs);
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    const value = await work();
    const ms = performance.now() - started;
    peak = Math.max(peak, process.memoryUsage.rss());
    const used = process.cpuUsage(cpu);
    return {
      value,
      measure: {
        ms: Math.round(ms),
        peakRssMb: mb(peak),
        startRssMb: mb(startRss),
        endHeapMb: mb(process.memoryUsage().heapUsed),
        cpuUserMs: Math.round(used.user / 1000),
        cpuSystemMs: Math.round(used.system / 1000),
      },
    };
  } finally {
    clearInterval(timer);
  }
}

/** Peak RSS of the whole process so far (kernel figure), in MB. */
export function processMaxRssMb(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
