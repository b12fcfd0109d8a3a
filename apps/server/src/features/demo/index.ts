export { demoUsers, seedDemoUsers, seedIfEmpty, seedResources } from './seed';
