import { Body, Controller, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../common/auth.decorators';
import { contentRange, parseListQuery } from '../common/list-query';
import { uuidPipe } from '../common/uuid.pipe';
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

  @Post()
  create(@Body() dto: CreateUserDto) {
    return this.users.create(dto);
  }

  @Put(':id')
  update(@Param('id', uuidPipe) id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(id, dto);
  }
}
