import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ServiceConfig } from '@app/config';

/**
 * The service's MongoDB connection, from MONGODB_URI only, with pool size and timeouts from config.
 * Commands are not buffered while disconnected: a request fails fast (503) instead of hanging.
 */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [ServiceConfig],
      useFactory: (config: ServiceConfig) => ({
        uri: config.database.uri,
        dbName: config.database.dbName,
        maxPoolSize: config.database.maxPoolSize,
        serverSelectionTimeoutMS: config.database.serverSelectionTimeoutMs,
        socketTimeoutMS: config.database.socketTimeoutMs,
        connectTimeoutMS: config.database.serverSelectionTimeoutMs,
        appName: config.service.name,
        bufferCommands: false,
        autoIndex: true,
        retryAttempts: 5,
        retryDelay: 1000,
      }),
    }),
  ],
})
export class DatabaseModule {}
