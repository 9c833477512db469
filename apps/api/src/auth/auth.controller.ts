import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import type { Request } from 'express';
import { AuthUser, CurrentUser, Public } from '../common/auth.decorators';
import { AuthService, publicUser } from './auth.service';

export class LoginDto {
  @ApiProperty({ example: 'admin@demo.example.org' })
  @IsString({ message: 'L’adresse électronique est obligatoire.' })
  @MaxLength(254, { message: 'Adresse électronique trop longue.' })
  email: string;

  @ApiProperty({ example: 'demo' })
  @IsString({ message: 'Le mot de passe est obligatoire.' })
  @MaxLength(200, { message: 'Le mot de passe est trop long.' })
  password: string;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() req: Request) {
    return this.auth.login(dto.email.trim(), dto.password, req.ip ?? 'unknown');
  }

  @ApiBearerAuth()
  @Get('me')
  me(@CurrentUser() user: AuthUser) {
    return publicUser(user);
  }
}
