import * as path from "node:path";
import { type CfnElement, CustomResource, Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import * as cr from "aws-cdk-lib/custom-resources";
import { Construct } from "constructs";
import { BUNDLED_FEEDS_FILE, BUNDLED_STATUS_DIR } from "../bundling.ts";
import type { StatusSnapshot } from "../status-snapshot.ts";
import { TreatyFunction } from "./treaty-function.ts";

export const STATUS_SNAPSHOT_RESOURCE_TYPE = "Custom::StatusSnapshot";

export interface StatusSnapshotSeedingProps {
  tableName: string;
  /** Absolute path of the feeds/run config: its armedConflictStates shape seeded steps, as in poll-feed. */
  feedsFile: string;
  /** The snapshot read (and validated) at synthesis. */
  snapshot: StatusSnapshot;
}

/**
 * Loads the bundled status snapshot into the table at deployment: a custom resource whose handler is
 * the seed-snapshot function (CDK Provider framework). Its properties carry the snapshot's digest, so
 * CloudFormation calls it on create and on every update that changes the snapshot files, and not
 * otherwise. The function's asset holds the files (status/*.jsonl) and the run config. The caller
 * grants the function its table access (TABLE_ACCESS.seedSnapshot).
 */
export class StatusSnapshotSeeding extends Construct {
  readonly seedFunction: TreatyFunction;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: StatusSnapshotSeedingProps) {
    super(scope, id);

    this.seedFunction = new TreatyFunction(this, "SeedSnapshot", {
      handler: "seed-snapshot",
      description: "Deployment: seeds the bundled status snapshot for pairs with no status yet",
      timeout: Duration.minutes(5),
      memorySize: 256,
      environment: {
        TABLE_NAME: props.tableName,
        FEEDS_FILE: BUNDLED_FEEDS_FILE,
        STATUS_DIR: BUNDLED_STATUS_DIR,
      },
      extraFiles: [
        [props.feedsFile, BUNDLED_FEEDS_FILE],
        ...props.snapshot.files.map(
          (file) => [file, `${BUNDLED_STATUS_DIR}/${path.basename(file)}`] as const,
        ),
      ],
    });

    // The framework function only relays CloudFormation events to the seed function: its own role,
    // with no managed policy, and its own log group.
    const frameworkLogs = new logs.LogGroup(this, "ProviderLogs", {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const frameworkRole = new iam.Role(this, "ProviderRole", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: "Treaty Watch status snapshot: custom resource provider framework",
    });
    frameworkLogs.grantWrite(frameworkRole);
    const provider = new cr.Provider(this, "Provider", {
      onEventHandler: this.seedFunction.fn,
      frameworkOnEventRole: frameworkRole,
      logGroup: frameworkLogs,
    });
    const seedFunctionId = Stack.of(this).getLogicalId(this.seedFunction.fn.node.defaultChild as CfnElement);
    Validations.of(frameworkRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${seedFunctionId}.Arn>:*]`,
      reason:
        "CDK's Provider grants lambda:InvokeFunction on the seed function and its versions (ARN:*): that one function only.",
    });

    this.resource = new CustomResource(this, "Resource", {
      serviceToken: provider.serviceToken,
      resourceType: STATUS_SNAPSHOT_RESOURCE_TYPE,
      properties: {
        SnapshotDigest: props.snapshot.digest,
        SnapshotFiles: props.snapshot.files.map((file) => path.basename(file)).join(","),
      },
    });
    // Seed only once the function can write: its role's policy (granted by the stack) and log group.
    this.resource.node.addDependency(this.seedFunction);
  }
}
