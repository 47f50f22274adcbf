import { Global, Module } from '@nestjs/common';
import { UpstreamClientFactory } from './upstream-client.factory';

@Global()
@Module({ providers: [UpstreamClientFactory], exports: [UpstreamClientFactory] })
export class HttpClientModule {}
