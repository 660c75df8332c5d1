import { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import { SPARSE_INDEX, TTL_ATTRIBUTE } from "../../shared/store/table.ts";

/**
 * The key schema the repository (shared/store) reads and writes, mirrored from its ensureTable (key
 * attribute names are not exported there). test/infra compares this with a table ensureTable created.
 */
export const TABLE_KEYS = {
  partitionKey: "pk",
  sortKey: "sk",
  /** One sparse GSI: the alert outbox (idx="OUTBOX") and statuses awaiting an effective date (idx="DUE"). */
  sparseIndex: { name: SPARSE_INDEX, partitionKey: "idx", sortKey: "idxSort" },
  ttlAttribute: TTL_ATTRIBUTE,
} as const;

/**
 * The single DynamoDB table: on-demand, point-in-time recovery, AWS-managed encryption at rest,
 * TTL, deletion protection, and retained if the stack is deleted (it holds the only copy of history).
 */
export class StateTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, "Table", {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE_KEYS.sparseIndex.name,
      partitionKey: { name: TABLE_KEYS.sparseIndex.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sparseIndex.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
}
