export * from './invalidation-channel.js';
export { type ChannelTiming } from './channel-base.js';
export * from './postgres-invalidation-channel.js';
export * from './redis-invalidation-channel.js';
export * from './token-cache.js';
