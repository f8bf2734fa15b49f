// extensionTestsPath of the trust layer: the suite beside this file, in a window with Workspace Trust
// on, whose workspace is not trusted (Restricted Mode).
import { runSuiteIn } from '../integration/index';

export function run(): Promise<void> {
  return runSuiteIn(__dirname, 'trust');
}
