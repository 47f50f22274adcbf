import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CurrentUser, Public, Roles, AuthenticatedUser } from '@app/auth';
import { ParseObjectIdPipe } from '@app/database';
import { StrictRateLimit } from '@app/rate-limit';

class ProbeBody {
  @IsString()
  @MaxLength(50)
  name: string;

  @IsInt()
  @Min(1)
  @Max(99)
  quantity: number;
}

class ProbeQuery {
  @IsOptional()
  @IsString()
  category?: string;
}

/**
 * Routes that exercise the shared HTTP stack inside a real service in e2e tests: validation, ids, auth,
 * roles and rate limits, before (and independently of) each service's own endpoints.
 */
@Controller('probe')
class ProbeController {
  @Post()
  create(
    @Body() body: ProbeBody,
    @CurrentUser() user: AuthenticatedUser,
  ): { name: string; quantity: number; userId: string } {
    return { ...body, userId: user.id };
  }

  @Public()
  @Get('public')
  list(@Query() query: ProbeQuery): { category: string | null } {
    return { category: query.category ?? null };
  }

  @Public()
  @StrictRateLimit()
  @Post('login')
  login(): { ok: true } {
    return { ok: true };
  }

  @Roles('admin')
  @Get('admin')
  admin(): { admin: true } {
    return { admin: true };
  }

  @Public()
  @Get(':id')
  byId(@Param('id', ParseObjectIdPipe) id: string): { id: string } {
    return { id };
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
