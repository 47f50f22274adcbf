import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

// Nest with nothing but one controller, on the adapter named by BENCH_ADAPTER: isolates adapter overhead.
@Controller('health')
class LiveController {
  @Get('live')
  live(): { status: string } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [LiveController] })
class MinimalModule {}

async function main(): Promise<void> {
  const port = Number(process.env.PORT);
  if (process.env.BENCH_ADAPTER === 'express') {
    const app = await NestFactory.create(MinimalModule, { logger: false });
    await app.listen(port, '127.0.0.1');
  } else {
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    const app = await NestFactory.create(MinimalModule, new FastifyAdapter(), { logger: false });
    await app.listen(port, '127.0.0.1');
  }
  process.send?.('ready');
}
void main();
