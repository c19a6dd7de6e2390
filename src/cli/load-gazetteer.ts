import { CityGazetteerService } from '../cities/city-gazetteer.service';
import { runCli } from './cli-context';

/** Loads or updates the committed gazetteer of China's cities (the app also does it at every start). */
void runCli('Gazetteer', async (app) => {
  const r = await app.get(CityGazetteerService).load();
  console.log(`${r.inserted} cities added, ${r.updated} updated, ${r.aliases} aliases added`);
  return 0;
});
