import { PRICES } from "./prices.ts";

/** Measured cost of one poll of one feed (averaged over samples). */
export interface MeasuredPoll {
  rcu: number;
  wcu: number;
  dynamoCalls: number;
  httpRequests: number;
  /** Local wall time of pollFeed (loopback feed server, in-process dynalite). */
  localMs: number;
  snsPublishes: number;
}

export interface CostInputs {
  feeds: number;
  intervalMinutes: number;
  /** Share of polls that find one new item (the rest answer 304). */
  newItemShare: number;
  unchanged: MeasuredPoll;
  newItem: MeasuredPoll;
  /** Table bytes besides seen-item records (statuses, history, feed states). */
  baseTableBytes: number;
  bytesPerSeenItem: number;
  seenTtlDays: number;
  /** RCU of the sweep's outbox queries per run (measured). */
  sweepRcu: number;
  /** RCU of schedule-feeds' read of every feed state, per feed (measured: one Query of the FEEDS partition). */
  scheduleRcuPerFeed: number;
  alertsPerMonth: number;
  emailSubscribers: number;
  webhookSubscribers: number;
}

/** What is assumed rather than measured; printed with every estimate. */
export const ASSUMPTIONS = {
  daysPerMonth: 30,
  pollBatchSize: 5,
  pollMemoryGb: 0.5,
  smallFunctionMemoryGb: 0.25,
  /** Remote feed latency added to the measured local time: a 304 and a full 200 with body. */
  remoteFetchMs: { notModified: 150, full: 350 },
  /** In-region DynamoDB latency per sequential call. */
  dynamoCallMs: 5,
  scheduleFeedsBaseMs: 150,
  sweepMs: 120,
  /** SQS event source: Lambda's pollers long-poll continuously (about 5 pollers, 20 s waits). */
  esmIdlePollsPerMinute: 15,
  logBytesPerInvocation: 1_500,
  scanPageBytes: 1_048_576,
  scanPageMs: 25,
};

export interface CostLine {
  item: string;
  quantity: string;
  usd: number;
}

export interface CostEstimate {
  newItemShare: number;
  polls: number;
  retainedSeenItems: number;
  tableGb: number;
  scanRcuPerTick: number;
  lines: CostLine[];
  totalUsd: number;
}

const fmt = (n: number) =>
  n >= 1_000_000
    ? `${(n / 1_000_000).toFixed(2)}M`
    : n >= 1_000
      ? `${(n / 1_000).toFixed(1)}k`
      : n.toFixed(n % 1 === 0 ? 0 : 2);

/** Monthly AWS cost of the deployed stack for these measured per-poll figures (pure). */
export function monthlyCost(input: CostInputs): CostEstimate {
  const a = ASSUMPTIONS;
  const ticks = ((a.daysPerMonth * 24 * 60) / input.intervalMinutes) | 0;
  const polls = ticks * input.feeds;
  const share = input.newItemShare;
  const mix = (pick: (p: MeasuredPoll) => number) =>
    (1 - share) * pick(input.unchanged) + share * pick(input.newItem);

  // schedule-feeds reads only the feed states (one Query of their partition), whatever the table's size.
  const retainedSeenItems = Math.round(input.feeds * (ticks / a.daysPerMonth) * share * input.seenTtlDays);
  const tableBytes = input.baseTableBytes + retainedSeenItems * input.bytesPerSeenItem;
  const scanRcuPerTick = Math.max(1, Math.ceil(input.scheduleRcuPerFeed * input.feeds));

  const pollRcu = polls * mix((p) => p.rcu);
  const pollWcu = polls * mix((p) => p.wcu);
  const tickRcu = ticks * (scanRcuPerTick + input.sweepRcu);

  const pollInvocations = ticks * Math.ceil(input.feeds / a.pollBatchSize);
  // Records of a batch are polled concurrently: an invocation lasts about as long as one feed's poll.
  const pollMs =
    (1 - share) *
      (a.remoteFetchMs.notModified + input.unchanged.dynamoCalls * a.dynamoCallMs + input.unchanged.localMs) +
    share * (a.remoteFetchMs.full + input.newItem.dynamoCalls * a.dynamoCallMs + input.newItem.localMs);
  const scanPages = Math.ceil((scanRcuPerTick * 4096) / a.scanPageBytes);
  const sqsBatches = Math.ceil(input.feeds / 10);
  const scheduleMs = a.scheduleFeedsBaseMs + scanPages * a.scanPageMs + sqsBatches * 10;
  const gbSeconds =
    (pollInvocations * pollMs * a.pollMemoryGb + ticks * (scheduleMs + a.sweepMs) * a.smallFunctionMemoryGb) /
    1000;
  const invocations = pollInvocations + 2 * ticks + a.daysPerMonth;

  const sqsRequests =
    ticks * (sqsBatches + Math.ceil(input.feeds / a.pollBatchSize)) +
    a.esmIdlePollsPerMinute * 60 * 24 * a.daysPerMonth;
  const snsPublishes = input.alertsPerMonth;
  const eventBridge = 2 * ticks + a.daysPerMonth;
  const logGb = (invocations * a.logBytesPerInvocation) / 1024 ** 3;
  const tableGb = tableBytes / 1024 ** 3;

  const P = PRICES;
  const lines: CostLine[] = [
    {
      item: "DynamoDB writes (polls)",
      quantity: `${fmt(pollWcu)} WRU`,
      usd: (pollWcu / 1e6) * P.dynamoWriteRequestUnitPerMillion,
    },
    {
      item: "DynamoDB reads (polls)",
      quantity: `${fmt(pollRcu)} RRU`,
      usd: (pollRcu / 1e6) * P.dynamoReadRequestUnitPerMillion,
    },
    {
      item: "DynamoDB reads (schedule Query + sweep)",
      quantity: `${fmt(tickRcu)} RRU (${fmt(scanRcuPerTick)}/tick)`,
      usd: (tickRcu / 1e6) * P.dynamoReadRequestUnitPerMillion,
    },
    { item: "DynamoDB storage", quantity: `${tableGb.toFixed(3)} GB`, usd: tableGb * P.dynamoStorageGbMonth },
    {
      item: "Lambda duration (arm64)",
      quantity: `${fmt(gbSeconds)} GB-s`,
      usd: gbSeconds * P.lambdaArmGbSecond,
    },
    {
      item: "Lambda requests",
      quantity: fmt(invocations),
      usd: (invocations / 1e6) * P.lambdaRequestPerMillion,
    },
    { item: "SQS requests", quantity: fmt(sqsRequests), usd: (sqsRequests / 1e6) * P.sqsRequestPerMillion },
    {
      item: "SNS publishes + deliveries",
      quantity: `${snsPublishes} alerts x (${input.emailSubscribers} email, ${input.webhookSubscribers} HTTPS)`,
      usd:
        (snsPublishes / 1e6) * P.snsPublishPerMillion +
        ((snsPublishes * input.emailSubscribers) / 1e5) * P.snsEmailDeliveryPer100k +
        ((snsPublishes * input.webhookSubscribers) / 1e6) * P.snsHttpDeliveryPerMillion,
    },
    {
      item: "EventBridge schedule invocations",
      quantity: fmt(eventBridge),
      usd: (eventBridge / 1e6) * P.eventBridgeInvocationPerMillion,
    },
    {
      item: "CloudWatch Logs ingestion",
      quantity: `${logGb.toFixed(2)} GB`,
      usd: logGb * P.cloudWatchLogsIngestGb,
    },
    { item: "X-Ray traces", quantity: fmt(invocations), usd: (invocations / 1e6) * P.xrayTracePerMillion },
  ];
  const totalUsd = lines.reduce((sum, l) => sum + l.usd, 0);
  return {
    newItemShare: share,
    polls,
    retainedSeenItems,
    tableGb,
    scanRcuPerTick,
    lines: lines.map((l) => ({ ...l, usd: Math.round(l.usd * 100) / 100 })),
    totalUsd: Math.round(totalUsd * 100) / 100,
  };
}
