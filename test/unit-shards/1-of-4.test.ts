import { unitShard } from './shard.ts';

unitShard(0, 4);
