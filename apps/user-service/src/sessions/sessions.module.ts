import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SessionRevocationModule } from '@app/auth';
import { RefreshSessionRepository } from './refresh-session.repository';
import { RefreshSessionsService } from './refresh-sessions.service';
import { RefreshSession, RefreshSessionSchema } from './schemas/refresh-session.schema';

/** Refresh-token families (login sessions): started at login, rotated on refresh, revoked. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: RefreshSession.name, schema: RefreshSessionSchema }]),
    SessionRevocationModule,
  ],
  providers: [RefreshSessionRepository, RefreshSessionsService],
  exports: [RefreshSessionsService],
})
export class SessionsModule {}
