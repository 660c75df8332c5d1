/**
 * AWS list prices, us-east-1, as published on the AWS pricing pages in 2025 (DynamoDB on-demand after
 * the November 2024 reduction). Free tiers are ignored: this is the cost at list price.
 */
export const PRICES_AS_OF = "us-east-1 list prices as of 2025 (free tiers ignored)";

export const PRICES = {
  dynamoWriteRequestUnitPerMillion: 0.625,
  dynamoReadRequestUnitPerMillion: 0.125,
  dynamoStorageGbMonth: 0.25,
  lambdaArmGbSecond: 0.0000133334,
  lambdaRequestPerMillion: 0.2,
  sqsRequestPerMillion: 0.4,
  snsPublishPerMillion: 0.5,
  snsEmailDeliveryPer100k: 2.0,
  snsHttpDeliveryPerMillion: 0.6,
  /** Rules with a schedule on the default bus are AWS-generated events; priced at the Scheduler rate as an upper bound. */
  eventBridgeInvocationPerMillion: 1.0,
  cloudWatchLogsIngestGb: 0.5,
  xrayTracePerMillion: 5.0,
} as const;

export const PRICE_TABLE: Array<[string, string]> = [
  ["DynamoDB on-demand write request unit", "$0.625 per million WRU"],
  ["DynamoDB on-demand read request unit", "$0.125 per million RRU"],
  ["DynamoDB storage", "$0.25 per GB-month"],
  ["Lambda arm64 duration", "$0.0000133334 per GB-second"],
  ["Lambda requests", "$0.20 per million"],
  ["SQS standard requests", "$0.40 per million (64 KB chunks)"],
  ["SNS publishes", "$0.50 per million"],
  ["SNS deliveries", "email $2.00 per 100,000; HTTP(S) $0.60 per million; SQS/Lambda free; SMS per country"],
  ["EventBridge schedule invocations", "$1.00 per million (Scheduler rate; upper bound)"],
  ["CloudWatch Logs ingestion", "$0.50 per GB"],
  ["X-Ray traces recorded (Tracing.ACTIVE)", "$5.00 per million"],
];
