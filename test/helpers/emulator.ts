/** The emulator in the test process, and the environment that points the CLI at it. */
import { startEmulator, type RunningEmulator, type EmulatorOptions } from '../../src/emulator/server.js';
import { SANDBOX } from '../../src/emulator/sandbox.js';

export { SANDBOX };

export async function emulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, seed: 1, ...options });
}

export function emulatorEnv(emu: RunningEmulator, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    ESIGNON_API_URL: emu.url,
    ESIGNON_TOKEN: SANDBOX.token,
    ESIGNON_COMP_ID: SANDBOX.comp_id,
    ESIGNON_MEMB_EMAIL: SANDBOX.memb_email,
    ESIGNON_WORKFLOW_LIB_ID: SANDBOX.workflow_lib_id,
    ESIGNON_DOC_ID: SANDBOX.doc_id,
    ...extra,
  };
}

/** How many 1410Q requests the emulator has received. */
export function bulkRequests(emu: RunningEmulator): number {
  return emu.state().requests.by_code['1410Q'] ?? 0;
}
