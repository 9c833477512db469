import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { isValidSiret, REGION_CODES, ROLES } from '@ptce/domain';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const emptyToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\s/g, '') || null : value);

/** Issue 14: an organisation's SIRET (conflict detection) has a valid check key (Luhn, the domain lib's rule). */
const HasSiretKey = () =>
  ValidateBy({
    name: 'hasSiretKey',
    validator: {
      validate: (v: unknown) => typeof v !== 'string' || !/^\d{14}$/.test(v) || isValidSiret(v),
      defaultMessage: () => 'SIRET invalide : la clé de contrôle (Luhn) ne correspond pas.',
    },
  });

export class CreateUserDto {
  @ApiProperty({ example: 'cress.53@demo.example.org' })
  @Transform(trim)
  @IsEmail({}, { message: 'Adresse électronique invalide.' })
  @MaxLength(254, { message: 'Adresse électronique trop longue.' })
  email: string;

  @ApiProperty()
  @Transform(trim)
  @IsString({ message: 'Le nom complet doit être un texte.' })
  @MinLength(2, { message: 'Le nom complet doit contenir au moins 2 caractères.' })
  @MaxLength(200, { message: 'Le nom complet est trop long (200 caractères au plus).' })
  fullName: string;

  @ApiPropertyOptional({ minLength: 12, description: 'absent : le compte est créé sans mot de passe et une invitation est envoyée' })
  @IsOptional()
  @Transform(({ value }) => (value === '' || value === null ? undefined : value))
  @IsString({ message: 'Le mot de passe doit être un texte.' })
  @MinLength(12, { message: 'Le mot de passe doit contenir au moins 12 caractères.' })
  @MaxLength(200, { message: 'Le mot de passe est trop long.' })
  password?: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray({ message: 'Les rôles doivent être une liste.' })
  @IsIn(ROLES as unknown as string[], { each: true, message: 'Rôle inconnu.' })
  roles: string[];

  @ApiPropertyOptional({ isArray: true, example: ['53'] })
  @IsOptional()
  @IsArray({ message: 'Les régions doivent être une liste.' })
  @ArrayMaxSize(18)
  @IsIn(REGION_CODES as unknown as string[], { each: true, message: 'Code de région inconnu.' })
  regions?: string[];

  @ApiPropertyOptional({ example: '12345678901234', nullable: true })
  @IsOptional()
  @Transform(emptyToNull)
  @Matches(/^\d{14}$/, { message: 'Le SIRET doit comporter 14 chiffres.' })
  @HasSiretKey()
  organisationSiret?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'Le statut actif doit valoir vrai ou faux.' })
  active?: boolean;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsEmail({}, { message: 'Adresse électronique invalide.' })
  @MaxLength(254, { message: 'Adresse électronique trop longue.' })
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'Le nom complet doit être un texte.' })
  @MinLength(2, { message: 'Le nom complet doit contenir au moins 2 caractères.' })
  @MaxLength(200, { message: 'Le nom complet est trop long (200 caractères au plus).' })
  fullName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === '' || value === null ? undefined : value))
  @IsString({ message: 'Le mot de passe doit être un texte.' })
  @MinLength(12, { message: 'Le mot de passe doit contenir au moins 12 caractères.' })
  @MaxLength(200, { message: 'Le mot de passe est trop long.' })
  password?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray({ message: 'Les rôles doivent être une liste.' })
  @IsIn(ROLES as unknown as string[], { each: true, message: 'Rôle inconnu.' })
  roles?: string[];

  @ApiPropertyOptional({ isArray: true })
  @IsOptional()
  @IsArray({ message: 'Les régions doivent être une liste.' })
  @IsIn(REGION_CODES as unknown as string[], { each: true, message: 'Code de région inconnu.' })
  regions?: string[];

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Transform(emptyToNull)
  @Matches(/^\d{14}$/, { message: 'Le SIRET doit comporter 14 chiffres.' })
  @HasSiretKey()
  organisationSiret?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'Le statut actif doit valoir vrai ou faux.' })
  active?: boolean;

  // react-admin sends the whole record back on edit: tolerate the read-only fields and ignore them.
  @IsOptional() id?: unknown;
  @IsOptional() createdAt?: unknown;
  @IsOptional() updatedAt?: unknown;
  @IsOptional() passwordSet?: unknown;
  @IsOptional() lastLoginAt?: unknown;
}
