import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PasswordsModule } from '../passwords/passwords.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AccountLockoutService } from './account-lockout.service';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';
import { MeController } from './me.controller';
import { User, UserSchema } from './schemas/user.schema';
import { UserRepository } from './user.repository';
import { UsersMetrics } from './users.metrics';
import { UsersService } from './users.service';

/** Accounts: the caller's own (/users/me), admin management (/users), the lockout state and the first admin. */
@Module({
  imports: [MongooseModule.forFeature([{ name: User.name, schema: UserSchema }]), PasswordsModule, SessionsModule],
  // MeController first: /users/me must never be read as /users/:id.
  controllers: [MeController, AdminUsersController],
  providers: [
    UserRepository,
    UsersMetrics,
    UsersService,
    AdminUsersService,
    AccountLockoutService,
    AdminBootstrapService,
  ],
  exports: [UserRepository, UsersService, AccountLockoutService],
})
export class UsersModule {}
