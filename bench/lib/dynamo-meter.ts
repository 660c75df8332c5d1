import type { AttributeValue, DynamoDBClient } from "@aws-sdk/client-dynamodb";

/**
 * Counts DynamoDB calls and their capacity on a client, via a middleware: asks for
 * ReturnConsumedCapacity=TOTAL and takes the engine's figure where it gives one (dynalite does for
 * single-item reads and writes), else derives units by DynamoDB's rules: 1 WCU per 1 KB written,
 * 1 RCU per 4 KB strongly consistent read (0.5 eventually consistent), Query/Scan summed per call.
 * Writes to an item that carries the sparse index attribute also write the GSI (projection ALL).
 */
export interface DynamoCall {
  command: string;
  key: string;
  rcu: number;
  wcu: number;
  /** Where the figure came from: the engine's ConsumedCapacity or our derivation. */
  source: "engine" | "derived";
  error?: string;
}

export interface DynamoUsage {
  calls: number;
  reads: number;
  writes: number;
  rcu: number;
  wcu: number;
  byCommand: Record<string, { calls: number; rcu: number; wcu: number }>;
  log: DynamoCall[];
}

export interface DynamoMeter {
  usage(): DynamoUsage;
  reset(): void;
  /** Off: calls pass through uncounted (setup work). */
  enabled: boolean;
}

const READS = new Set([
  "GetItemCommand",
  "QueryCommand",
  "ScanCommand",
  "BatchGetItemCommand",
  "DescribeTableCommand",
]);
const WRITES = new Set(["PutItemCommand", "UpdateItemCommand", "DeleteItemCommand", "BatchWriteItemCommand"]);
const CAPACITY_COMMANDS = new Set([...READS, ...WRITES].filter((c) => c !== "DescribeTableCommand"));
const INDEX_ATTRIBUTE = "idx";

/** Bytes of an attribute value by DynamoDB's item-size rules (close enough for capacity). */
export function attributeBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\.|^0+/g, "").length / 2) + 1;
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((sum, s) => sum + Buffer.byteLength(s), 0);
  if (value.NS) return value.NS.reduce((sum, n) => sum + attributeBytes({ N: n }), 0);
  if (value.BS) return value.BS.reduce((sum, b) => sum + b.length, 0);
  if (value.L) return 3 + value.L.reduce((sum, v) => sum + 1 + attributeBytes(v), 0);
  if (value.M) return 3 + itemBytes(value.M) + Object.keys(value.M).length;
  return 0;
}

export function itemBytes(item: Record<string, AttributeValue> | undefined): number {
  if (!item) return 0;
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + attributeBytes(value),
    0,
  );
}

const readUnits = (bytes: number, consistent: boolean) =>
  Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

type Input = Record<string, unknown> & {
  Item?: Record<string, AttributeValue>;
  Key?: Record<string, AttributeValue>;
  ConsistentRead?: boolean;
  IndexName?: string;
  UpdateExpression?: string;
  ConditionExpression?: string;
};
type Output = Record<string, unknown> & {
  ConsumedCapacity?: { CapacityUnits?: number } | Array<{ CapacityUnits?: number }>;
  Item?: Record<string, AttributeValue>;
  Items?: Array<Record<string, AttributeValue>>;
  ScannedCount?: number;
};

function keyOf(input: Input): string {
  const key = input.Key ?? input.Item;
  if (key?.pk?.S) return `${key.pk.S}${key.sk?.S ? ` / ${key.sk.S}` : ""}`;
  if (input.IndexName) return `index ${input.IndexName}`;
  return String(input.TableName ?? "");
}

function engineUnits(output: Output | undefined): number | undefined {
  const consumed = output?.ConsumedCapacity;
  if (!consumed) return undefined;
  const list = Array.isArray(consumed) ? consumed : [consumed];
  const units = list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
  return Number.isFinite(units) ? units : undefined;
}

/** Writes that touch an item in the sparse index also write the index. */
function touchesIndex(input: Input): boolean {
  if (input.Item) return input.Item[INDEX_ATTRIBUTE] !== undefined;
  const text = `${input.UpdateExpression ?? ""} ${input.ConditionExpression ?? ""}`;
  return new RegExp(`\\b${INDEX_ATTRIBUTE}\\b`).test(text);
}

/**
 * @param scanBytes bytes a Scan reads (DynamoDB bills the whole scanned range, not the filtered
 *   result); when absent, the returned items are used (a lower bound).
 */
export function meterDynamo(
  client: DynamoDBClient,
  options: { scanBytes?: () => number | undefined } = {},
): DynamoMeter {
  let log: DynamoCall[] = [];
  const meter: DynamoMeter = {
    enabled: true,
    usage() {
      const byCommand: DynamoUsage["byCommand"] = {};
      for (const call of log) {
        const entry = (byCommand[call.command] ??= { calls: 0, rcu: 0, wcu: 0 });
        entry.calls++;
        entry.rcu += call.rcu;
        entry.wcu += call.wcu;
      }
      return {
        calls: log.length,
        reads: log.filter((c) => READS.has(c.command)).length,
        writes: log.filter((c) => WRITES.has(c.command)).length,
        rcu: log.reduce((sum, c) => sum + c.rcu, 0),
        wcu: log.reduce((sum, c) => sum + c.wcu, 0),
        byCommand,
        log: [...log],
      };
    },
    reset() {
      log = [];
    },
  };

  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!meter.enabled) return next(args);
      const command = String(context.commandName ?? "unknown");
      const input = args.input as Input;
      if (CAPACITY_COMMANDS.has(command)) input.ReturnConsumedCapacity = "TOTAL";
      const consistent = input.ConsistentRead === true && !input.IndexName;
      try {
        const result = await next(args);
        const output = result.output as unknown as Output;
        log.push(measure(command, input, output, consistent));
        return result;
      } catch (error) {
        // A failed conditional write still consumes write capacity; a refused read does not.
        const wcu = WRITES.has(command) ? writeUnits(itemBytes(input.Item)) : 0;
        log.push({
          command,
          key: keyOf(input),
          rcu: 0,
          wcu,
          source: "derived",
          error: (error as Error).name,
        });
        throw error;
      }
    },
    { step: "initialize", name: "benchCapacityMeter" },
  );

  function measure(command: string, input: Input, output: Output, consistent: boolean): DynamoCall {
    const key = keyOf(input);
    const engine = engineUnits(output);
    if (command === "GetItemCommand") {
      const rcu = engine ?? readUnits(itemBytes(output.Item), consistent);
      return { command, key, rcu, wcu: 0, source: engine === undefined ? "derived" : "engine" };
    }
    if (command === "QueryCommand" || command === "ScanCommand") {
      const returned = (output.Items ?? []).reduce((sum, item) => sum + itemBytes(item), 0);
      const tableBytes = command === "ScanCommand" ? options.scanBytes?.() : undefined;
      // With the table size known, the first page carries the whole scan's cost and later pages none.
      // Derived, not the engine's figure: dynalite bills only returned items, DynamoDB a minimum of one unit.
      const rcu =
        tableBytes === undefined
          ? readUnits(returned, consistent)
          : input.ExclusiveStartKey
            ? 0
            : readUnits(tableBytes, consistent);
      return { command, key, rcu, wcu: 0, source: "derived" };
    }
    if (WRITES.has(command)) {
      const base = engine ?? writeUnits(itemBytes(input.Item));
      const wcu = base + (touchesIndex(input) ? base : 0);
      return { command, key, rcu: 0, wcu, source: engine === undefined ? "derived" : "engine" };
    }
    return { command, key, rcu: 0, wcu: 0, source: "derived" };
  }

  return meter;
}
