// The faker-js draws of `person_from_faker` records: uuid, names, address, job and phone of each
// person. The generating thread imports this module for small batches; for row groups a worker
// thread (see src/samplers/faker-fields-worker.ts) runs the same function, off the thread that
// runs the rest of the pipeline. One function, so both give the same values for the same request.
//
// Plain JavaScript beside the package code (not in dist/): a worker loads it by path, the same file
// from the sources (tests) and from an install. Types: src/samplers/faker-fields.ts.
import { parentPort, workerData } from 'node:worker_threads';

/** @type {Map<string, Promise<import('@faker-js/faker').Faker>>} */
const fakers = new Map();

/**
 * A Faker of this thread's own for a locale source, created once per source: `{ module }` builds it
 * from the definitions of one faker-js locale module, `{ chain }` from `allLocales` entries.
 * @param {{ module?: string, chain?: string[] }} source
 */
export function loadFaker(source) {
  const key = source.module !== undefined ? `module:${source.module}` : `chain:${(source.chain ?? []).join(',')}`;
  let faker = fakers.get(key);
  if (faker === undefined) {
    faker = createFaker(source);
    fakers.set(key, faker);
    faker.catch(() => fakers.delete(key));
  }
  return faker;
}

/** @param {{ module?: string, chain?: string[] }} source */
async function createFaker(source) {
  if (source.module !== undefined) {
    // A new instance seeded from the module's merged definitions: seeding it never moves the shared one.
    const { faker: shared } = await import(`@faker-js/faker/locale/${source.module}`);
    const OwnFaker = shared.constructor;
    return new OwnFaker({ locale: [shared.rawDefinitions] });
  }
  const { Faker, allLocales } = await import('@faker-js/faker');
  return new Faker({ locale: (source.chain ?? []).map((key) => allLocales[key]) });
}

/** A faker-js method whose locale lacks the data answers null, not an error. */
function orNull(make) {
  try {
    return make();
  } catch {
    return null;
  }
}

/**
 * Seeds `faker` with `request.seed` and draws, person by person in this order: city (when
 * `cityFromFaker`), uuid, first and last name (by sex), building number, street, state, postcode,
 * country, job title and phone number (where `request.phone[i]` is 1). Each field is one array.
 * @param {import('@faker-js/faker').Faker} faker
 * @param {{ seed: number, female: Uint8Array, cityFromFaker: boolean, phone: Uint8Array }} request
 */
export function drawFakerFields(faker, request) {
  faker.seed(request.seed);
  const count = request.female.length;
  const column = () => new Array(count).fill(null);
  const fields = {
    city: request.cityFromFaker ? column() : null,
    uuid: column(),
    firstName: column(),
    lastName: column(),
    buildingNumber: column(),
    street: column(),
    state: column(),
    zipCode: column(),
    country: column(),
    jobTitle: column(),
    phone: column(),
  };
  const { location, person } = faker;
  for (let i = 0; i < count; i++) {
    const sex = request.female[i] === 1 ? 'female' : 'male';
    if (fields.city !== null) fields.city[i] = orNull(() => location.city());
    fields.uuid[i] = faker.string.uuid();
    fields.firstName[i] = orNull(() => person.firstName(sex));
    fields.lastName[i] = orNull(() => person.lastName(sex));
    fields.buildingNumber[i] = orNull(() => location.buildingNumber());
    fields.street[i] = orNull(() => location.street());
    fields.state[i] = orNull(() => location.state());
    fields.zipCode[i] = orNull(() => location.zipCode());
    fields.country[i] = orNull(() => location.country());
    fields.jobTitle[i] = orNull(() => person.jobTitle());
    if (request.phone[i] === 1) fields.phone[i] = orNull(() => faker.phone.number());
  }
  return fields;
}

/** Claim cell values (see faker-fields-worker.ts): nobody yet, this worker. */
const UNCLAIMED = 0;
const BY_WORKER = 1;

// In a worker started by faker-fields-worker.ts: answer each { id, source, request, claim } with
// { id, fields }, { id, error }, or { id, skipped } when the requesting thread claimed the batch
// first (`claim`, shared memory; null for a warm-up batch nobody waits for). In request order.
if (parentPort !== null && workerData?.ddFakerFields === true) {
  const port = parentPort;
  port.on('message', async ({ id, source, request, claim }) => {
    try {
      const faker = await loadFaker(source);
      if (claim !== null && Atomics.compareExchange(claim, 0, UNCLAIMED, BY_WORKER) !== UNCLAIMED) {
        port.postMessage({ id, skipped: true });
        return;
      }
      port.postMessage({ id, fields: drawFakerFields(faker, request) });
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
}
