// "Rotate Now" (AWS): from a secret's node in the Secrets view or a hover link ({ store, path }). It reads
// the rotation from the secret's metadata (DescribeSecret, fresh), offers nothing where no rotation is
// configured, confirms the store write naming the store and the secret, then calls RotateSecret.
import * as vscode from 'vscode';
import { stuckPendingVersion } from '../../../core/references/rotationDiagnostics';
import { confirmWrite } from '../../stores/confirmWrite';
import { ActionContext, asNode, asOptions, runAction } from './actionContext';

function rotateTarget(arg: unknown): { store: string; path: string } | undefined {
  const node = asNode(arg);
  if (node) return node.type === 'secret' ? { store: node.store, path: node.path } : undefined;
  const plain = arg as { store?: unknown; path?: unknown } | undefined;
  return typeof plain === 'object' && plain !== null && typeof plain.store === 'string' && typeof plain.path === 'string'
    ? { store: plain.store, path: plain.path }
    : undefined;
}

/** True when RotateSecret was accepted. */
export async function rotateNow(ctx: ActionContext, nodeArg: unknown, optionsArg: unknown): Promise<boolean> {
  const target = rotateTarget(nodeArg);
  const config = target && ctx.services.stores.config(target.store);
  if (!target || !config || config.kind !== 'aws') return false;
  const { store, path } = target;
  const options = asOptions(optionsArg);
  const metadata = await runAction(ctx.services, 'Rotate secret', () => ctx.services.stores.metadata(store, path, { fresh: true }));
  if (!metadata) return false;
  const rotation = metadata.rotation;
  if (!rotation?.configured) {
    void vscode.window.showInformationMessage(
      `"${path}" in store "${store}" has no rotation configured: set up rotation in Secrets Manager first (a rotation function or a managed rotation).`,
    );
    return false;
  }
  const pending = stuckPendingVersion(metadata);
  const how = rotation.lambdaArn ? `its rotation function ${rotation.lambdaArn}` : 'its managed rotation';
  const detail = [
    `Secrets Manager runs ${how} now: it creates a new version (AWSPENDING), and when the rotation finishes that version becomes AWSCURRENT; references to AWSCURRENT then read the new value.`,
    pending
      ? `A rotation has not finished (AWSPENDING is on version ${pending}): Secrets Manager refuses a new one until it is cleared.`
      : undefined,
    ctx.services.referenceIndex.impactNote(store, path, 'read the new value once the rotation finishes'),
  ]
    .filter(Boolean)
    .join('\n\n');
  if (!(await confirmWrite(config, `Rotate "${path}" in store "${store}" now?`, 'Rotate Now', options.confirmed === true, detail)))
    return false;
  const result = await runAction(ctx.services, 'Rotate secret', async () => (await ctx.services.stores.get(store)).rotate(path));
  if (!result) return false;
  void vscode.window.showInformationMessage(
    `Rotation of "${path}" in store "${store}" started${result.version ? ` (new version ${result.version})` : ''}.`,
  );
  return true;
}
