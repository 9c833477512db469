import { Body, Controller, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../common/auth.decorators';
import { contentRange, parseListQuery } from '../common/list-query';
import { uuidPipe } from '../common/uuid.pipe';
import { CampaignDto } from './campaigns.dto';
import { CAMPAIGN_LIST_SPEC, CampaignsService } from './campaigns.service';

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const q = parseListQuery(query, CAMPAIGN_LIST_SPEC);
    const { rows, total } = await this.campaigns.list(q);
    res.setHeader('Content-Range', contentRange('campaigns', q.offset, rows.length, total));
    return rows;
  }

  @Get(':id')
  get(@Param('id', uuidPipe) id: string) {
    return this.campaigns.get(id);
  }

  @Roles('admin')
  @Post()
  create(@Body() dto: CampaignDto) {
    return this.campaigns.create(dto);
  }

  @Roles('admin')
  @Put(':id')
  update(@Param('id', uuidPipe) id: string, @Body() dto: CampaignDto) {
    return this.campaigns.update(id, dto);
  }
}
