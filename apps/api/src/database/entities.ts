// Every TypeORM entity the API and the worker map. Listed explicitly: no glob, no synchronize.
import { UserEntity } from '../users/user.entity';

export const ENTITIES = [UserEntity];
