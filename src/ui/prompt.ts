/**
 * The yes/no question before a real send, remind or cancel. Ctrl-C at the question
 * is an answer too ("interrupted"): nothing is done and the command exits 130.
 */
export type Answer = 'yes' | 'no' | 'interrupted';

export async function ask(question: string, streams: { stdin: NodeJS.ReadableStream; stderr: NodeJS.WritableStream }): Promise<Answer> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: streams.stdin, output: streams.stderr });
  const abort = new AbortController();
  rl.on('SIGINT', () => abort.abort());
  try {
    const answer = await rl.question(`${question} [y/N] `, { signal: abort.signal });
    return /^(y|yes|예|네|ㅇ)$/i.test(answer.trim()) ? 'yes' : 'no';
  } catch (err) {
    if (!abort.signal.aborted) throw err;
    streams.stderr.write('\n');
    return 'interrupted';
  } finally {
    rl.close();
  }
}
