export { demoUsers, seedDemoUsers, seedIfEmpty } from './seed';
