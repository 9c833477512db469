import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError } from './app-error';

// French messages per class-validator constraint; a decorator's own `message` wins when it set one in French.
const FRENCH: Record<string, string> = {
  isDefined: 'Ce champ est obligatoire.',
  isNotEmpty: 'Ce champ est obligatoire.',
  isEmail: 'Adresse électronique invalide.',
  isString: 'Ce champ doit être un texte.',
  isBoolean: 'Ce champ doit valoir vrai ou faux.',
  isInt: 'Ce champ doit être un nombre entier.',
  isNumber: 'Ce champ doit être un nombre.',
  isArray: 'Ce champ doit être une liste.',
  isIn: 'Valeur non autorisée.',
  isEnum: 'Valeur non autorisée.',
  isUUID: 'Identifiant invalide.',
  isISO8601: 'Date invalide (format ISO 8601 attendu).',
  isDateString: 'Date invalide (format ISO 8601 attendu).',
  minLength: 'Texte trop court.',
  maxLength: 'Texte trop long.',
  min: 'Valeur trop petite.',
  max: 'Valeur trop grande.',
  arrayNotEmpty: 'La liste ne doit pas être vide.',
  whitelistValidation: 'Champ non autorisé.',
  isObject: 'Ce champ doit être un objet.',
  matches: 'Format invalide.',
  nestedValidation: 'Valeur invalide.',
};

const PRIORITY = ['whitelistValidation', 'isDefined', 'isNotEmpty', 'isString', 'isArray', 'isBoolean', 'isInt', 'isNumber'];

function looksFrench(msg: string): boolean {
  return /[éèàçêûôî’]|^(Le|La|Les|Ce|Cette|Au|Un|Une|Doit|Adresse|Valeur|Format|Texte|Identifiant|Date|Mot) /.test(msg);
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) {
      // Several constraints can fail at once: report the most basic one (missing before too long).
      const entries = Object.entries(e.constraints);
      const [key, msg] = entries.find(([k]) => PRIORITY.includes(k)) ?? entries[0];
      out[field] = looksFrench(msg) ? msg : (FRENCH[key] ?? 'Valeur invalide.');
    }
    if (e.children?.length) Object.assign(out, flattenValidationErrors(e.children, field));
  }
  return out;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      AppError.validation(flattenValidationErrors(errors), 'Certaines données sont invalides : corrigez les champs signalés.'),
  });
}
