export { startCoturn, TURNSERVER_PATH, type Coturn } from './coturn.js';
export { JanusServer } from './janus.js';
export { freePort } from './ports.js';
export { RedisServer } from './redis.js';
export { waitFor, type WaitOptions } from './waitFor.js';
export { NetLab, type Household, type HouseholdOptions, type NatBehaviour } from './lab/NetLab.js';
export { startLabServices, type LabServices, type LabServicesOptions } from './lab/labServices.js';
export { LAB_SCENARIOS, type LabScenario, type LabScenarioName } from './lab/scenarios.js';
