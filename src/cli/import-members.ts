import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MemberImportService } from '../members/member-import.service';
import { runCli } from './cli-context';

const CREATE_FLAG = '--create-unverified-cities';
const args = process.argv.slice(2);
const createUnverifiedCities = args.includes(CREATE_FLAG);
const file = args.find((a) => a !== CREATE_FLAG);
if (!file || !existsSync(file)) {
  console.error(
    `Usage: npm run import:members -- [${CREATE_FLAG}] <file.csv>${file ? `\nNo such file: ${resolve(file)}` : ''}`,
  );
  process.exit(2);
}

void runCli('ImportMembers', async (app) => {
  const report = await app.get(MemberImportService).importCsv(createReadStream(file), { createUnverifiedCities });
  console.log(
    `${report.received} rows: ${report.inserted} new, ${report.updated} updated, ${report.unchanged} unchanged, ` +
      `${report.rejected} rejected; ${report.citiesCreated} new unverified cities`,
  );
  for (const r of report.rejections)
    console.log(`  line ${r.at}${r.externalId ? ` (${r.externalId})` : ''}: ${r.reason}`);
  if (report.rejected > report.rejections.length)
    console.log(`  … and ${report.rejected - report.rejections.length} more`);
  return 0;
});
