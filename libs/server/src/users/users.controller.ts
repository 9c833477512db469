import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../common/auth.decorators';
import { contentRange, parseListQuery } from '../common/list-query';
import { uuidPipe } from '../common/uuid.pipe';
import { auditContext } from '../audit/audit.service';
import { CreateUserDto, UpdateUserDto } from './users.dto';
import { USER_LIST_SPEC, UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const q = parseListQuery(query, USER_LIST_SPEC);
    const { rows, total } = await this.users.list(q);
    res.setHeader('Content-Range', contentRange('users', q.offset, rows.length, total));
    return rows;
  }

  @Get(':id')
  get(@Param('id', uuidPipe) id: string) {
    return this.users.get(id);
  }

  /** Without `password`, the account is created without one and an invitation link is e-mailed (72 h, single use). */
  @Post()
  create(@Body() dto: CreateUserDto, @CurrentUser() actor: AuthUser, @Req() req: Request) {
    return this.users.create(dto, actor, auditContext(req));
  }

  @Put(':id')
  update(@Param('id', uuidPipe) id: string, @Body() dto: UpdateUserDto, @CurrentUser() actor: AuthUser, @Req() req: Request) {
    return this.users.update(id, dto, actor, auditContext(req));
  }

  /** Sends (again) an invitation link: `{sentTo, expiresAt}`. */
  @Post(':id/invitation')
  @HttpCode(200)
  invite(@Param('id', uuidPipe) id: string, @CurrentUser() actor: AuthUser, @Req() req: Request) {
    return this.users.invite(id, actor, auditContext(req));
  }

  /** "Déconnecter partout": revokes every token and session of the user; answers the user. */
  @Post(':id/revoke-sessions')
  @HttpCode(200)
  revokeSessions(@Param('id', uuidPipe) id: string, @CurrentUser() actor: AuthUser, @Req() req: Request) {
    return this.users.revokeSessions(id, actor, auditContext(req));
  }
}
