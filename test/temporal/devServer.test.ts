import { devServerArgs } from '../../src/temporal/devServer';

describe('devServerArgs', () => {
  it('keeps history in the db file, fixes the ports and registers the search attributes', () => {
    const args = devServerArgs({
      cliPath: 't',
      dbFile: '/d/temporal.sqlite',
      port: 7233,
      uiPort: 8233,
      namespaces: ['default', 'evals'],
    });
    const joined = args.join(' ');
    expect(args.slice(0, 2)).toEqual(['server', 'start-dev']);
    expect(joined).toContain('--db-filename /d/temporal.sqlite');
    expect(joined).toContain('--port 7233');
    expect(joined).toContain('--ui-port 8233');
    expect(joined).toContain('--namespace evals');
    expect(joined).not.toContain('--namespace default');
    for (const name of ['VqaRunId', 'VqaModel', 'VqaDatasetHash', 'VqaStatus']) {
      expect(joined).toContain(`--search-attribute ${name}=Keyword`);
    }
  });

  it('drops the UI port when headless', () => {
    const args = devServerArgs({ cliPath: 't', dbFile: 'x', port: 1, uiPort: 2, headless: true });
    expect(args).toContain('--headless');
    expect(args).not.toContain('--ui-port');
  });
});
