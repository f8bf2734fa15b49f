// SecretStore over AWS Secrets Manager: SecretString (JSON-keyed or text) and SecretBinary, version
// ids and stages, create / put value (with an expected-current-version check) / tag / describe /
// delete with recovery window / restore, and paginated listing with filters.
import type * as https from 'node:https';
import type { Filter, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readCaFile } from '../caFile';
import { mapAwsError } from '../errorMapping';
import { loadSecretsManager } from '../sdkLoader';
import { StoreError } from '../storeError';
import type {
  AwsStoreConfig,
  ConfigSource,
  ConnectionInfo,
  DeleteOptions,
  ListOptions,
  ListPage,
  ReadOptions,
  SecretMetadata,
  SecretPayload,
  SecretRotation,
  SecretStore,
  SecretValue,
  SecretVersionInfo,
  StoreCredentials,
  WriteOptions,
  WriteResult,
} from '../types';
import { awsCredentialProvider } from './awsCredentials';
import { awsClientSettings, awsLoginCommand, type AwsClientSettings } from './awsProfileConfig';
import { awsRequestHandlerOptions } from './awsRequestHandler';

type Sdk = Awaited<ReturnType<typeof loadSecretsManager>>;

export interface AwsStoreOptions {
  /** SDK attempts for throttling / transient errors (with the SDK's backoff). Default 4. */
  maxAttempts?: number;
  /** Called once per HTTP request sent, retries included (benchmarks and tests count with it). */
  onRequest?: () => void;
  /** Connection and request timeout per attempt (ms). Default 15 s, like Vault. */
  timeoutMs?: number;
  /** Non-AWS endpoints the user chose (see assertEndpointTrust). */
  allowedEndpoints?: readonly string[];
}

/** Same default as the Vault session: a black-holed endpoint must fail, not hang. */
export const DEFAULT_AWS_TIMEOUT_MS = 15_000;

export class AwsStore implements SecretStore {
  readonly kind = 'aws' as const;
  private clientPromise?: Promise<{ client: SecretsManagerClient; sdk: Sdk }>;
  /** What the store's profile said at the last connect (endpoint, FIPS, how it signs in). */
  private settings?: AwsClientSettings;
  private readonly secrets: string[];

  constructor(
    private readonly config: AwsStoreConfig & { source?: ConfigSource },
    private readonly credentials: StoreCredentials | undefined,
    private readonly options: AwsStoreOptions = {},
  ) {
    this.secrets = Object.values(credentials ?? {}).filter((v): v is string => typeof v === 'string');
  }

  get name(): string {
    return this.config.name;
  }

  private get target(): string {
    const endpoint = this.settings?.endpoint ?? this.config.endpoint;
    const from =
      this.settings?.endpointFrom && this.settings.endpointFrom !== 'the store config' ? ` (from ${this.settings.endpointFrom})` : '';
    const flags = [this.settings?.useFipsEndpoint && 'FIPS', this.settings?.useDualstackEndpoint && 'dual-stack']
      .filter(Boolean)
      .join(', ');
    return `Secrets Manager in ${this.config.region}${endpoint ? ` at ${endpoint}${from}` : ''}${flags ? ` (${flags} endpoint)` : ''}`;
  }

  /** The URL the client sends Secrets Manager requests to, as the SDK's endpoint rules build it. */
  async resolvedEndpoint(): Promise<string> {
    const { client } = await this.client();
    const params = {
      Region: this.config.region,
      UseFIPS: await client.config.useFipsEndpoint(),
      UseDualStack: await client.config.useDualstackEndpoint(),
      ...(this.settings?.endpoint ? { Endpoint: this.settings.endpoint } : {}),
    };
    try {
      return client.config.endpointProvider(params, {}).url.href;
    } catch (error) {
      throw this.map(error, 'connect');
    }
  }

  private async client(): Promise<{ client: SecretsManagerClient; sdk: Sdk }> {
    this.clientPromise ??= (async () => {
      const sdk = await loadSecretsManager();
      // Read at every connect, so a store that failed picks up a fixed profile or a new SSO session.
      const settings = await awsClientSettings(this.config).catch((error: unknown) => {
        throw new StoreError({
          kind: 'invalid',
          store: this.name,
          problem: `Its AWS profile cannot be used: ${error instanceof Error ? error.message : String(error)}`,
          action: 'Fix the profile in your AWS config file (AWS_CONFIG_FILE, else ~/.aws/config).',
        });
      });
      this.settings = settings;
      const credentials = await awsCredentialProvider(this.config, this.credentials, {
        timeoutMs: this.timeoutMs,
        allowedEndpoints: this.options.allowedEndpoints,
        settings,
      });
      let httpsAgent: https.Agent | undefined;
      if (this.config.caPath) {
        const { Agent } = await import('node:https');
        httpsAgent = new Agent({ ca: await readCaFile(this.config.caPath, this.name), keepAlive: true });
      }
      // Object form: the SDK builds its NodeHttpHandler from it, so no static import of @smithy.
      const requestHandler = awsRequestHandlerOptions(this.timeoutMs, httpsAgent);
      const client = new sdk.SecretsManagerClient({
        region: this.config.region,
        credentials,
        maxAttempts: this.options.maxAttempts ?? 4,
        retryMode: 'standard',
        // The store's profile decides the endpoint (awsProfileConfig.ts), never the ambient AWS_PROFILE.
        profile: settings.profile,
        ignoreConfiguredEndpointUrls: true,
        useFipsEndpoint: settings.useFipsEndpoint,
        useDualstackEndpoint: settings.useDualstackEndpoint,
        ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
        requestHandler,
      });
      const onRequest = this.options.onRequest;
      if (onRequest) {
        client.middlewareStack.add(
          (next) => (args) => {
            onRequest();
            return next(args);
          },
          { step: 'finalizeRequest', name: 'secretrefCountRequests' },
        );
      }
      return { client, sdk };
    })().catch((error: unknown) => {
      this.clientPromise = undefined;
      throw this.map(error, 'connect');
    });
    return this.clientPromise;
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_AWS_TIMEOUT_MS;
  }

  private map(error: unknown, operation: string, path?: string, extraSecrets: string[] = []): StoreError {
    return mapAwsError(
      error,
      {
        store: this.name,
        path,
        operation,
        secrets: [...this.secrets, ...extraSecrets],
        timeoutMs: this.timeoutMs,
        awsLogin: this.settings && awsLoginCommand(this.settings),
      },
      this.target,
    );
  }

  /** Runs one SDK call, mapping every failure. */
  private async call<T>(
    operation: string,
    path: string | undefined,
    work: (c: SecretsManagerClient, sdk: Sdk) => Promise<T>,
    extraSecrets?: string[],
  ): Promise<T> {
    const { client, sdk } = await this.client();
    try {
      return await work(client, sdk);
    } catch (error) {
      throw this.map(error, operation, path, extraSecrets);
    }
  }

  async list(options: ListOptions = {}): Promise<ListPage> {
    const filters: Filter[] = [];
    if (options.prefix) filters.push({ Key: 'name', Values: [options.prefix] });
    const size = Math.min(100, Math.max(1, options.pageSize ?? 100));
    const response = await this.call('list secrets', options.prefix, (c, sdk) =>
      c.send(
        new sdk.ListSecretsCommand({
          MaxResults: size,
          ...(options.pageToken ? { NextToken: options.pageToken } : {}),
          ...(filters.length ? { Filters: filters } : {}),
          ...(options.includeDeleted ? { IncludePlannedDeletion: true } : {}),
          SortOrder: 'asc',
        }),
      ),
    );
    const needle = options.nameFilter?.toLowerCase();
    const entries = (response.SecretList ?? [])
      .filter((s) => s.Name && (!options.prefix || s.Name.startsWith(options.prefix)))
      .filter((s) => !needle || s.Name!.toLowerCase().includes(needle))
      .map((s) => ({
        path: s.Name!,
        name: s.Name!.split('/').pop() || s.Name!,
        isFolder: false,
        arn: s.ARN,
        description: s.Description,
        lastChanged: s.LastChangedDate?.toISOString(),
        deletedDate: s.DeletedDate?.toISOString(),
        tags: Object.fromEntries((s.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
        ...(s.LastAccessedDate ? { lastAccessedDate: s.LastAccessedDate.toISOString() } : {}),
        ...withRotation(s),
      }));
    return response.NextToken ? { entries, nextPageToken: response.NextToken } : { entries };
  }

  async read(path: string, options: ReadOptions = {}): Promise<SecretValue> {
    const response = await this.call(
      options.version ? `read version ${options.version}` : options.stage ? `read stage ${options.stage}` : 'read the secret',
      path,
      (c, sdk) =>
        c.send(
          new sdk.GetSecretValueCommand({
            SecretId: path,
            ...(options.version ? { VersionId: options.version } : {}),
            ...(options.stage ? { VersionStage: options.stage } : {}),
          }),
        ),
    );
    const base = {
      store: this.name,
      path,
      version: response.VersionId,
      stages: response.VersionStages,
      createdTime: response.CreatedDate?.toISOString(),
    };
    if (response.SecretBinary !== undefined) return { ...base, type: 'binary', bytes: response.SecretBinary };
    const text = response.SecretString ?? '';
    const parsed = parseJsonObject(text);
    return parsed ? { ...base, type: 'keyed', data: parsed } : { ...base, type: 'text', text };
  }

  async metadata(path: string): Promise<SecretMetadata> {
    const d = await this.call('describe the secret', path, (c, sdk) => c.send(new sdk.DescribeSecretCommand({ SecretId: path })));
    const versions = await this.call('list versions', path, (c, sdk) =>
      c.send(new sdk.ListSecretVersionIdsCommand({ SecretId: path, IncludeDeprecated: true, MaxResults: 100 })),
    ).catch(() => undefined);
    const stagesById = d.VersionIdsToStages ?? {};
    const list: SecretVersionInfo[] = versions?.Versions?.length
      ? versions.Versions.map((v) => ({
          version: v.VersionId ?? '',
          stages: v.VersionStages ?? [],
          createdTime: v.CreatedDate?.toISOString(),
        }))
      : Object.entries(stagesById).map(([version, stages]) => ({ version, stages }));
    list.sort((a, b) => (b.createdTime ?? '').localeCompare(a.createdTime ?? ''));
    const current = Object.entries(stagesById).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
    return {
      store: this.name,
      path,
      kind: 'aws',
      currentVersion: current,
      createdTime: d.CreatedDate?.toISOString(),
      updatedTime: d.LastChangedDate?.toISOString(),
      versions: list,
      arn: d.ARN,
      description: d.Description,
      kmsKeyId: d.KmsKeyId,
      tags: Object.fromEntries((d.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
      deletedDate: d.DeletedDate?.toISOString(),
      ...(d.LastAccessedDate ? { lastAccessedDate: d.LastAccessedDate.toISOString() } : {}),
      ...withRotation(d),
    };
  }

  /** RotateSecret with the secret's configured rotation (no Lambda or rules sent: the store's own). */
  async rotate(path: string): Promise<WriteResult> {
    const r = await this.call('rotate the secret', path, (c, sdk) =>
      c.send(new sdk.RotateSecretCommand({ SecretId: path, RotateImmediately: true })),
    );
    return { version: r.VersionId ?? '', arn: r.ARN };
  }

  async write(path: string, payload: SecretPayload, options: WriteOptions = {}): Promise<WriteResult> {
    const value =
      payload.type === 'binary'
        ? { SecretBinary: payload.bytes }
        : { SecretString: payload.type === 'text' ? payload.text : JSON.stringify(payload.data) };
    const written =
      payload.type === 'keyed'
        ? Object.values(payload.data).filter((v): v is string => typeof v === 'string')
        : payload.type === 'text'
          ? [payload.text]
          : [];
    if (options.create) {
      const tags = Object.entries(options.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
      const created = await this.call(
        'create the secret',
        path,
        (c, sdk) =>
          c.send(
            new sdk.CreateSecretCommand({
              Name: path,
              ...value,
              ...(options.description ? { Description: options.description } : {}),
              ...(tags.length ? { Tags: tags } : {}),
            }),
          ),
        written,
      );
      return { version: created.VersionId ?? '', arn: created.ARN };
    }
    if (options.expectedVersion !== undefined) {
      // Secrets Manager has no native compare-and-swap: check AWSCURRENT right before the put.
      const current = (await this.metadata(path)).currentVersion;
      if (current !== options.expectedVersion) {
        throw new StoreError({
          kind: 'conflict',
          store: this.name,
          path,
          problem: 'The secret has a newer current version (AWSCURRENT) than the one you edited.',
          action: 'Refresh the secret, review the latest version, and apply your change again.',
          code: 'VersionMismatch',
        });
      }
    }
    const put = await this.call(
      'put a new secret value',
      path,
      (c, sdk) => c.send(new sdk.PutSecretValueCommand({ SecretId: path, ...value })),
      written,
    );
    if (options.tags) await this.tag(path, options.tags);
    return { version: put.VersionId ?? '', arn: put.ARN };
  }

  async delete(path: string, options: DeleteOptions = {}): Promise<void> {
    if (options.versions?.length) {
      throw new StoreError({
        kind: 'unsupported',
        store: this.name,
        path,
        problem: 'Secrets Manager deletes whole secrets, not single versions.',
        action: 'Delete the secret (with a recovery window) instead.',
      });
    }
    await this.call('delete the secret', path, (c, sdk) =>
      c.send(
        new sdk.DeleteSecretCommand(
          options.forceWithoutRecovery
            ? { SecretId: path, ForceDeleteWithoutRecovery: true }
            : { SecretId: path, RecoveryWindowInDays: options.recoveryWindowDays ?? 30 },
        ),
      ),
    );
  }

  async undelete(path: string): Promise<void> {
    throw new StoreError({
      kind: 'unsupported',
      store: this.name,
      path,
      problem: 'Secrets Manager has no per-version undelete.',
      action: 'Use "Restore" to cancel a scheduled deletion of the whole secret.',
    });
  }

  async destroyVersions(path: string): Promise<void> {
    throw new StoreError({
      kind: 'unsupported',
      store: this.name,
      path,
      problem: 'Secrets Manager cannot destroy single versions; unlabelled versions expire on their own.',
      action: 'Delete the whole secret instead.',
    });
  }

  async deleteAll(path: string): Promise<void> {
    await this.delete(path, { forceWithoutRecovery: true });
  }

  async restore(path: string): Promise<void> {
    await this.call('restore the secret', path, (c, sdk) => c.send(new sdk.RestoreSecretCommand({ SecretId: path })));
  }

  async tag(path: string, tags: Record<string, string>): Promise<void> {
    await this.call('tag the secret', path, (c, sdk) =>
      c.send(new sdk.TagResourceCommand({ SecretId: path, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) })),
    );
  }

  async testConnection(): Promise<ConnectionInfo> {
    await this.call('list secrets', undefined, (c, sdk) => c.send(new sdk.ListSecretsCommand({ MaxResults: 1 })));
    const how =
      this.config.auth === 'profile'
        ? `profile "${this.config.profile}"`
        : this.config.auth === 'accessKey'
          ? 'stored access key'
          : 'default credential chain';
    const from = this.settings?.endpointFrom ? ` (from ${this.settings.endpointFrom})` : '';
    return {
      summary: `Secrets Manager in ${this.config.region} at ${await this.resolvedEndpoint()}${from}`,
      identity: `${how}${this.config.roleArn ? `, assuming ${this.config.roleArn}` : ''}`,
    };
  }

  dispose(): void {
    void this.clientPromise?.then(({ client }) => client.destroy()).catch(() => undefined);
    this.clientPromise = undefined;
  }
}

type Described = {
  RotationEnabled?: boolean;
  RotationLambdaARN?: string;
  RotationRules?: { AutomaticallyAfterDays?: number; ScheduleExpression?: string };
  LastRotatedDate?: Date;
  NextRotationDate?: Date;
};

/** DescribeSecret's rotation fields, or undefined when the secret has never had rotation set up. */
function rotationOf(d: Described): SecretRotation | undefined {
  const lambdaArn = d.RotationLambdaARN || undefined;
  const afterDays = d.RotationRules?.AutomaticallyAfterDays || undefined;
  const scheduleExpression = d.RotationRules?.ScheduleExpression || undefined;
  const enabled = d.RotationEnabled === true;
  if (!enabled && !lambdaArn && !afterDays && !scheduleExpression && !d.LastRotatedDate) return undefined;
  return {
    enabled,
    configured: enabled || Boolean(lambdaArn),
    ...(lambdaArn ? { lambdaArn } : {}),
    ...(afterDays ? { afterDays } : {}),
    ...(scheduleExpression ? { scheduleExpression } : {}),
    ...(d.LastRotatedDate ? { lastRotatedDate: d.LastRotatedDate.toISOString() } : {}),
    ...(d.NextRotationDate ? { nextRotationDate: d.NextRotationDate.toISOString() } : {}),
  };
}

function withRotation(d: Described): { rotation?: SecretRotation } {
  const rotation = rotationOf(d);
  return rotation ? { rotation } : {};
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
