import { unitShard } from './shard.ts';

unitShard(2, 4);
