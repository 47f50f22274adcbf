import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';
import { ROLES, Role } from '@app/auth';

/** An account. The email is stored normalized (trimmed, lower-case) so uniqueness is case-insensitive. */
@Schema({ collection: 'users', timestamps: true })
export class User {
  @Prop({ required: true, unique: true, trim: true, lowercase: true, maxlength: 254 })
  email: string;

  /** bcrypt hash; never returned by any endpoint. */
  @Prop({ required: true, select: false })
  passwordHash: string;

  @Prop({ required: true, trim: true, maxlength: 100 })
  displayName: string;

  @Prop({ type: [String], enum: ROLES, default: ['customer'] })
  roles: Role[];

  @Prop({ default: true })
  active: boolean;
}

export type UserDocument = HydratedDocument<User>;
export const UserSchema = SchemaFactory.createForClass(User);
