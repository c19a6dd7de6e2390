import { CityGazetteerService } from '../cities/city-gazetteer.service';
import { DemoSeedService } from '../members/demo-seed.service';
import { runCli } from './cli-context';

void runCli('SeedDemo', async (app, env) => {
  const seeder = app.get(DemoSeedService);
  if (!(await seeder.isEmpty())) {
    console.error('The database already has members; demo data goes only into an empty database.');
    return 1;
  }
  await app.get(CityGazetteerService).load();
  await seeder.seed(env.DEMO_MEMBERS);
  return 0;
});
