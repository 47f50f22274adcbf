import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { RefreshSessionsService } from './refresh-sessions.service';
import { RefreshSession, RefreshSessionSchema } from './schemas/refresh-session.schema';

@Module({
  imports: [MongooseModule.forFeature([{ name: RefreshSession.name, schema: RefreshSessionSchema }])],
  providers: [RefreshSessionsService],
  exports: [RefreshSessionsService],
})
export class SessionsModule {}
